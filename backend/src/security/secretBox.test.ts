import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secretBox.ts';

describe('the channel secret box', () => {
  const box = createSecretBox('a-key-of-at-least-thirty-two-characters');

  it('opens what it sealed, and seals the same text differently each time', () => {
    const sealed = box.seal('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed)).toBe('whsec_abc');
    expect(box.seal('whsec_abc')).not.toBe(sealed);
  });

  it('refuses a value sealed under another key, or altered', () => {
    const sealed = box.seal('https://hooks.example.com/secret');
    expect(() => createSecretBox('another-key-of-at-least-thirty-two-chars').open(sealed)).toThrow();
    const parts = sealed.split('.');
    const body = parts[3] ?? '';
    parts[3] = `${body.slice(0, -2)}${body.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => box.open('plain text')).toThrow();
  });
});
