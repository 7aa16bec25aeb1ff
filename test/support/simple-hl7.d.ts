/** simple-hl7 (the HL7 tests' independent client, parser and receiver) ships no types. */
declare module 'simple-hl7' {
  export interface Hl7Segment {
    name: string;
    getField(index: number, repeatIndex?: number): string;
    getComponent(field: number, component: number, sub?: number): string;
  }
  export interface Hl7Message {
    header: Hl7Segment;
    segments: Hl7Segment[];
    getSegment(name: string): Hl7Segment | undefined;
    getSegments(name: string): Hl7Segment[];
    addSegment(name: string, ...fields: unknown[]): void;
    toString(): string;
  }
  export const Message: new (...headerFields: unknown[]) => Hl7Message;
  export const Parser: new (opts?: { segmentSeperator?: string }) => {
    parse(text: string): Hl7Message;
  };
  export interface TcpClient {
    send(msg: { toString(): string }, cb: (err: Error | null, ack?: Hl7Message) => void): void;
    close(): void;
  }
  export const Server: {
    createTcpClient(host: string, port: number): TcpClient;
  };
  export interface Req {
    msg: Hl7Message;
    raw: string;
    type: string;
    event: string;
  }
  export interface Res {
    ack: Hl7Message;
    end(): void;
  }
  export interface App {
    use(
      handler: (req: Req | undefined, res: Res | undefined, next: (err?: unknown) => void) => void,
    ): void;
    start(port: number): void;
    stop(): void;
  }
  export function tcp(): App;
}
