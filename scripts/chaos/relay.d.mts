/** Types for relay.mjs: a TCP relay the chaos harness can cut (a network fault) and restore. */
export interface RelayStats {
  /** Connections relayed since the start. */
  connections: number;
  /** Connections dropped by a cut. */
  dropped: number;
  cuts: number;
  stalls: number;
}
export interface TcpRelay {
  readonly port: number;
  readonly isCut: boolean;
  /** Connections open through the relay now. */
  readonly open: number;
  stats: RelayStats;
  cut(): Promise<void>;
  /** A silent outage: bytes swallowed both ways until `restore()`. */
  stall(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}
export function tcpRelay(options: {
  target: { host: string; port: number };
  port?: number;
}): Promise<TcpRelay>;
export function targetOf(url: string): { host: string; port: number };
export function throughRelay(url: string, port: number): string;
