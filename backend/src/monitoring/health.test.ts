import { describe, expect, it } from 'vitest';
import { healthStatus, percentOf } from './health.ts';

describe('health rules', () => {
  it('is healthy up to and including 5 % errors', () => {
    expect(healthStatus({ errorRate: 0 })).toBe('healthy');
    expect(healthStatus({ errorRate: 5 })).toBe('healthy');
  });

  it('turns warning above 5 % and up to 10 % errors', () => {
    expect(healthStatus({ errorRate: 5.01 })).toBe('warning');
    expect(healthStatus({ errorRate: 10 })).toBe('warning');
  });

  it('turns critical above 10 % errors', () => {
    expect(healthStatus({ errorRate: 10.01 })).toBe('critical');
    expect(healthStatus({ errorRate: 100 })).toBe('critical');
  });

  it('turns critical when p95 is above the bound, whatever the error rate', () => {
    expect(healthStatus({ errorRate: 0, p95Ms: 1000.1, p95BoundMs: 1000 })).toBe('critical');
    expect(healthStatus({ errorRate: 0, p95Ms: 1000, p95BoundMs: 1000 })).toBe('healthy');
    expect(healthStatus({ errorRate: 0, p95Ms: 5000 })).toBe('healthy');
  });

  it('rounds percentages to two decimals and treats nothing as 0 %', () => {
    expect(percentOf(1, 3)).toBe(33.33);
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(6, 100)).toBe(6);
  });
});
