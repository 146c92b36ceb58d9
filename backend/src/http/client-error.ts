import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '@hutong/shared';

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers over its 16 kB
 * limit, a malformed request line) get the same JSON error envelope as every other error, not
 * Node's bare `431`/`400` with no body.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      // What Node itself answers to a request that took too long to arrive.
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      return;
    }
    const error =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new AppError('HEADERS_TOO_LARGE', { message: 'The URL or headers are too large' })
        : new AppError('VALIDATION_FAILED', {
            message: 'The request is not valid HTTP',
            data: { '(request)': 'Malformed request' },
          });
    const body = JSON.stringify(error.toEnvelope());
    socket.end(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
