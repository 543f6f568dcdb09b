export { MAX_BODY_LENGTH, MAX_HEADER_LENGTH, MAX_LINE_LENGTH } from './limits.js';
export { textOcci } from './text-occi.js';
export { textPlain } from './text-plain.js';
export { uriList } from './uri-list.js';
