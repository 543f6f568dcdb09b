export { Accounts } from './accounts.js';
export {
  type Authenticator,
  type AuthenticatorOptions,
  type AuthRequest,
  createAuthenticator,
} from './authenticator.js';
export {
  type CertificateUserRule,
  type ClientCertificate,
  clientCertificateOf,
  commonName,
  normalizeDn,
  subjectDn,
} from './client-certificates.js';
export {
  type AdminClaim,
  ASYMMETRIC,
  invalidToken,
  type JwtAlgorithm,
  type JwtKey,
  type JwtVerifyOptions,
  jwtKeyFromJwks,
  jwtKeyFromPem,
  jwtKeyFromSecret,
  loadJwtKey,
  verifyJwt,
} from './jwt.js';
export { LoginThrottle, LoginThrottled, type LoginThrottleOptions } from './login-throttle.js';
export { issuerUrlProblem, type OidcOptions, oidcKeys } from './oidc.js';
export {
  DEFAULT_SCRYPT_PARAMS,
  HashLimiter,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPassword,
} from './passwords.js';
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
  emptyUsersFile,
  isApiToken,
  type QuotaLimits,
  readUsersFile,
  replacePasswordHash,
  type TokenRecord,
  USER_NAME_PATTERN,
  type UserRecord,
  type UsersFile,
  userNameProblem,
  validateUsersFile,
  writeUsersFile,
} from './users-file.js';
