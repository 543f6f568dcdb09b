/**
 * Requests that never reach a route — a request line or headers Node's HTTP
 * parser refuses, headers over the limit, a URL that cannot be decoded —
 * are still answered with the OCCI Server header (HTTP §5.3; CRTP R0401:
 * conformance is advertised on each response) and a message naming the
 * problem.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** What a refused connection-level request gets: its status and why. */
function refusal(error: NodeJS.ErrnoException): { status: number; message: string } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, message: 'the request did not arrive in time' };
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      message:
        'the request header fields are larger than this server accepts; send a large rendering in the body (Content-Type text/plain or application/occi+json) rather than as text/occi header fields',
    };
  return { status: 400, message: `the request is not valid HTTP (${error.code ?? 'parse error'})` };
}

/** Answers a client error of the HTTP parser on the raw socket, then closes it (as Node does by default). */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket, server: string): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = refusal(error);
  const body = `${message}\n`;
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nServer: ${server}\r\nContent-Type: text/plain\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
