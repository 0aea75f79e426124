import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeMarkdown, formatAge, shortId } from '../../src/views/format';
import { NOW } from '../support/viewFakes';

describe('formatting', () => {
  it('ages from seconds to years, never in the future', () => {
    const ago = (s: number) => formatAge(new Date(NOW.getTime() - s * 1000), NOW);
    assert.equal(ago(-30), 'just now');
    assert.equal(ago(2), 'just now');
    assert.equal(ago(30), '30 seconds ago');
    assert.equal(ago(60), '1 minute ago');
    assert.equal(ago(3 * 3600), '3 hours ago');
    assert.equal(ago(86_400), '1 day ago');
    assert.equal(ago(14 * 86_400), '2 weeks ago');
    assert.equal(ago(60 * 86_400), '2 months ago');
    assert.equal(ago(800 * 86_400), '2 years ago');
  });

  it('short ids drop sha256: and keep 12 characters', () => {
    assert.equal(shortId('sha256:0123456789abcdef'), '0123456789ab');
    assert.equal(shortId('fedcba9876543210'), 'fedcba987654');
  });

  it('markdown escaping keeps names literal', () => {
    assert.equal(escapeMarkdown('a_b*c[d]'), 'a\\_b\\*c\\[d\\]');
  });
});
