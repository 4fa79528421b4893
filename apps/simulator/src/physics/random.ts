/**
 * Seeded randomness for the simulator. Weather and noise are drawn from a generator keyed by
 * (seed, purpose, index) rather than from one stream, so a value does not depend on how often the
 * simulator stepped before it: two runs with the same seed agree even at different speeds.
 */
export function hashKey(...parts: readonly (string | number)[]): number {
  let hash = 2166136261;
  for (const part of parts) {
    const text = String(part);
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 16777619);
    }
    hash ^= 0x2f;
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** mulberry32: small, fast and good enough for weather and sensor noise. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [0, 1) fixed by its key. */
export function keyedUniform(...parts: readonly (string | number)[]): number {
  return createRandom(hashKey(...parts))();
}

/** A standard normal number fixed by its key (Box-Muller). */
export function keyedNormal(...parts: readonly (string | number)[]): number {
  const random = createRandom(hashKey(...parts));
  const u = Math.max(random(), 1e-12);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Smooth value noise: keyed normal values at every `periodMs`, cosine-interpolated between them.
 * Gives weather anomalies that wander over days without a sequential state.
 */
export function valueNoise(seed: number, purpose: string, timeMs: number, periodMs: number): number {
  const position = timeMs / periodMs;
  const index = Math.floor(position);
  const fraction = position - index;
  const a = keyedNormal(seed, purpose, index);
  const b = keyedNormal(seed, purpose, index + 1);
  const weight = (1 - Math.cos(Math.PI * fraction)) / 2;
  return a + (b - a) * weight;
}
