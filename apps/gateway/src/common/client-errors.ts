import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, ErrorCode, PROBLEM_CONTENT_TYPE, toProblem } from '@app/shared';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  431: 'Request Header Fields Too Large',
};

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers past 16 KiB,
 * malformed framing) get the same problem+json as every other refusal, not a bare status line.
 */
export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const problem = toProblem(
      tooLarge
        ? new AppError(ErrorCode.HEADERS_TOO_LARGE, 'The URL or request headers exceed 16 KiB')
        : AppError.validation('Malformed HTTP request'),
    );
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${problem.status} ${REASON[problem.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
