import type { OutcomeShares } from '@cruddur/service-map';

export type RingOutcome = keyof OutcomeShares;

/** One coloured stretch of a node's ring. */
export interface RingArc {
  readonly outcome: RingOutcome;
  /** SVG path data for the arc, centred on (0, 0). */
  readonly path: string;
}

const ORDER: readonly RingOutcome[] = ['ok', 'error', 'throttle', 'fault'];

function pointAt(radius: number, turn: number): string {
  const angle = turn * 2 * Math.PI - Math.PI / 2;
  return `${(radius * Math.cos(angle)).toFixed(2)} ${(radius * Math.sin(angle)).toFixed(2)}`;
}

/**
 * The X-Ray console's node ring: the circle split into ok / error / throttle / fault by their
 * share, clockwise from the top. A share of 1 is a full circle (two half arcs, since an SVG arc
 * cannot start and end at the same point); empty shares draw nothing.
 */
export function outcomeRing(shares: OutcomeShares, radius: number): RingArc[] {
  const arcs: RingArc[] = [];
  let start = 0;
  for (const outcome of ORDER) {
    const share = shares[outcome];
    if (!(share > 0)) continue;
    const end = start + share;
    const path =
      share >= 0.9999
        ? `M ${pointAt(radius, 0)} A ${radius} ${radius} 0 1 1 ${pointAt(radius, 0.5)} A ${radius} ${radius} 0 1 1 ${pointAt(radius, 0)}`
        : `M ${pointAt(radius, start)} A ${radius} ${radius} 0 ${share > 0.5 ? 1 : 0} 1 ${pointAt(radius, end)}`;
    arcs.push({ outcome, path });
    start = end;
  }
  return arcs;
}
