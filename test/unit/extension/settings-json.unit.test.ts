import * as assert from 'node:assert/strict';
import { locateEndpointEntry, locateEndpointField } from '../../../src/extension/config/settings-json';

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

  it('selects the field at fault: by position, by id, nested, or the entry when the field is missing', () => {
    const at = (t: Parameters<typeof locateEndpointField>[1]) => { const h = locateEndpointField(text, t)!; return text.slice(h.offset, h.offset + h.length); };
    assert.equal(at({ index: 1, field: 'platform' }), '"nope"');
    assert.equal(at({ index: 0, field: 'baseUrl' }), '"http://a/v1"');
    assert.equal(at({ index: 0, field: 'headers.x' }), '"}{ \\" ["');
    assert.equal(at({ index: 2, field: 'models.0.id' }), '"m"');
    assert.equal(at({ endpointId: 'third', field: 'models' }), '[ { "id": "m" } ]');
    assert.match(at({ index: 1, field: 'baseUrl' }), /^\{\s+"platform": "nope"\s+\}$/);
    assert.equal(at({ index: 7, field: 'id' }), '"maas.endpoints"');
  });

  it('falls back to the entry when settings.json does not parse', () => {
    const broken = text.replace('"editor.fontSize": 14,', '"editor.fontSize": 14,,');
    const hit = locateEndpointField(broken, { endpointId: 'third', field: 'models' })!;
    assert.equal(broken.slice(hit.offset, hit.offset + hit.length), '"id": "third"');
  });
});
