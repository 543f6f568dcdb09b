export { type MediaRange, mediaTypeOf, negotiate, type Offer, offersOf, parseAccept } from './negotiation.js';
export { errorKindOf, STATUS } from './status.js';
export { announcedVersion, isHigherVersion, OCCI_VERSION } from './versioning.js';
