/** Field-value writers (§4), for messages the renderings' own writers do not cover (e.g. a client's partial update). */
export { renderValue } from './abnf/attribute.js';
export { quote, uriReference } from './abnf/write.js';
export { MAX_BODY_LENGTH, MAX_HEADER_LENGTH, MAX_LINE_LENGTH } from './limits.js';
export { textOcci } from './text-occi.js';
export { textPlain } from './text-plain.js';
export { uriList } from './uri-list.js';
