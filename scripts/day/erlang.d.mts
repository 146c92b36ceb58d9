/** Types for erlang.mjs: Erlang B and C, the service level, the staffing that meets it. */
export function erlangB(agents: number, erlangs: number): number;
export function erlangC(agents: number, erlangs: number): number;
export function serviceLevel(input: {
  agents: number;
  ratePerHour: number;
  handleSeconds: number;
  targetSeconds: number;
}): number;
export function agentsFor(input: {
  ratePerHour: number;
  handleSeconds: number;
  targetSeconds?: number;
  target?: number;
}): number;
