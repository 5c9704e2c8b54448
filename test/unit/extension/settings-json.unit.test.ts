import * as assert from 'node:assert/strict';
import { locateEndpointEntry } from '../../../src/extension/config/settings-json';

const text = `{
  // "maas.endpoints": "commented out",
  "editor.fontSize": 14,
  "maas.endpoints": [
    { "id": "first", "platform": "openai", "baseUrl": "http://a/v1", "headers": { "x": "}{ \\" [" } },
    /* a comment with { braces */
    {
      "platform": "nope"
    },
    { "id": "third", "models": [ { "id": "m" } ] }
  ],
  "other": { "id": "outside" }
}`;

describe('extension: locating an entry in settings.json', () => {
  it('finds an entry by id', () => {
    const hit = locateEndpointEntry(text, 'third')!;
    assert.equal(text.slice(hit.offset, hit.offset + hit.length), '"id": "third"');
  });

  it('finds an entry by position, past strings and comments with brackets', () => {
    const hit = locateEndpointEntry(text, 1)!;
    assert.equal(text[hit.offset], '{');
    assert.match(text.slice(hit.offset, hit.offset + 40), /"platform": "nope"/);
  });

  it('falls back to the setting, and knows when there is none', () => {
    const hit = locateEndpointEntry(text, 'outside')!;
    assert.equal(text.slice(hit.offset, hit.offset + hit.length), '"maas.endpoints"');
    assert.equal(locateEndpointEntry('{ }', 'x'), undefined);
  });
});
