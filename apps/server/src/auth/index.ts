export {
  type Authenticator,
  type AuthenticatorOptions,
  type AuthRequest,
  createAuthenticator,
} from './authenticator.js';
export {
  invalidToken,
  type JwtAlgorithm,
  type JwtKey,
  type JwtVerifyOptions,
  jwtKeyFromPem,
  jwtKeyFromSecret,
  loadJwtKey,
  verifyJwt,
} from './jwt.js';
export {
  DEFAULT_USERS_FILE,
  MIN_PASSWORD_LENGTH,
  runUsersCommand,
  USERS_HELP,
  type UsersCommandIo,
} from './users-command.js';
export {
  apiTokenId,
  apiTokenMatches,
  createApiToken,
  DEFAULT_SCRYPT_PARAMS,
  emptyUsersFile,
  hashPassword,
  isApiToken,
  readUsersFile,
  type ScryptParams,
  type TokenRecord,
  USER_NAME_PATTERN,
  type UserRecord,
  type UsersFile,
  userNameProblem,
  validateUsersFile,
  verifyPassword,
  writeUsersFile,
} from './users-file.js';
