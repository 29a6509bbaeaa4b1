import { describe, expect, it } from 'vitest';
import stableImage from './__fixtures__/stability-stable-image.json';
import v1 from './__fixtures__/stability-v1-generation.json';
import { stabilityImage } from './stability.ts';

describe('stabilityImage', () => {
  it('counts one image per artifact of a v1 generation', () => {
    expect(stabilityImage.usage(v1)).toEqual({
      provider: 'stability',
      model: 'stable-diffusion',
      input_tokens: 0,
      cached_tokens: 0,
      output_tokens: 0,
      reasoning_tokens: 0,
      images: 2,
    });
  });

  it('counts a Stable Image reply as one image', () => {
    expect(stabilityImage.usage(stableImage).images).toBe(1);
  });

  it('counts the images of a host that returns an images list', () => {
    expect(stabilityImage.usage({ images: ['a', 'b', 'c'] }).images).toBe(3);
  });
});
