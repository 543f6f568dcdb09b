/**
 * Input bounds. GFD.229 §7 warns that header space is limited; a parser
 * must also protect itself from oversized bodies and lines.
 */
import { OcciError } from '@occi/core';

/** Largest text/plain or text/uri-list body accepted (4 MiB). */
export const MAX_BODY_LENGTH = 4 * 1024 * 1024;
/** Largest logical line of a text/plain body, continuation lines included (64 KiB). */
export const MAX_LINE_LENGTH = 64 * 1024;
/** Largest total size of the OCCI header fields of a text/occi message (1 MiB). */
export const MAX_HEADER_LENGTH = 1024 * 1024;

export function checkBodyLength(body: string, mediaType: string): void {
  if (body.length > MAX_BODY_LENGTH) {
    throw new OcciError('payload-too-large', {
      code: 'parse-error',
      message: `${mediaType} body of ${body.length} characters exceeds the limit of ${MAX_BODY_LENGTH}`,
    });
  }
}
