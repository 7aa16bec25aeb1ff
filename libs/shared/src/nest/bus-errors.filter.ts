import { Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands a handler's error back to BusTransport as it was thrown. Nest's default RPC filter turns
 * anything but an RpcException into "Internal server error", which would lose our error codes
 * (404, 409, 422…) between a service and the gateway.
 */
@Catch()
export class BusErrorsPassThrough implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
