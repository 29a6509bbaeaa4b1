import type { Adapter } from './types.ts';

/**
 * The parts of a Stability reply the adapter reads: the v1 generation API returns `artifacts`, the
 * Stable Image API (with `accept: application/json`) one `image`, and some hosts an `images` list.
 */
export type StabilityReply = {
  artifacts?: readonly unknown[] | null;
  image?: string | null;
  images?: readonly unknown[] | null;
};

function imagesIn(reply: StabilityReply): number | undefined {
  if (Array.isArray(reply.artifacts)) return reply.artifacts.length;
  if (Array.isArray(reply.images)) return reply.images.length;
  if (typeof reply.image === 'string') return 1;
  return undefined;
}

/** Stability: billed per image generated — the number of artifacts returned. */
export const stabilityImage: Adapter<StabilityReply> = {
  provider: 'stability',
  endpoint: 'generation',
  unit: 'images',
  usage(reply) {
    const images = imagesIn(reply);
    return {
      provider: 'stability',
      model: 'stable-diffusion',
      input_tokens: 0,
      output_tokens: 0,
      cached_tokens: 0,
      reasoning_tokens: 0,
      ...(images === undefined ? {} : { images }),
    };
  },
};
