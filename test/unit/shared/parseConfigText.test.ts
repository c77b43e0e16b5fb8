import { strict as assert } from 'node:assert';
import { parseConfigText, pathSegments } from '../../../src/shared/config/parseConfigText';

describe('config text parsing with positions', () => {
  it('splits field paths', () => {
    assert.deepEqual(pathSegments('head.layers[0].dropout'), ['head', 'layers', 0, 'dropout']);
    assert.deepEqual(pathSegments('name'), ['name']);
  });

  it('locates a schema issue at the offending value', () => {
    const text = '{\n  "name": "x",\n  "backbone": { "architecture": "VGG16" },\n  "head": { "layers": [ { "units": 256, "dropout": 2 } ] }\n}\n';
    const { config, issues } = parseConfigText(text);
    assert.equal(config, undefined);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].path, 'head.layers[0].dropout');
    assert.equal(issues[0].line, 4);
    assert.equal(text.substr(issues[0].offset!, issues[0].length!), '2');
  });

  it('reports JSON syntax errors with line and column', () => {
    const { issues } = parseConfigText('{\n  "name": "x",\n  "backbone": { "architecture": "VGG16" },\n}\n');
    assert.ok(issues.length >= 1);
    assert.match(issues[0].message, /JSON syntax error/);
    assert.equal(issues[0].line, 4);
  });

  it('says what is wrong with the JSON in words, not parser codes', () => {
    const missingComma = parseConfigText('{\n  "name": "x"\n  "data": "d"\n}\n').issues[0];
    assert.equal(missingComma.message, 'JSON syntax error: a comma is missing (between two settings or two list items)');
    assert.equal(missingComma.line, 3);
    assert.match(parseConfigText('{ name: "x" }').issues[0].message, /double quotes/);
    assert.match(parseConfigText('{ "name": "x" // mine\n}').issues[0].message, /comments are not allowed/);
  });

  it('points a missing required key at its parent', () => {
    const text = '{ "name": "x", "backbone": { "inputSize": 150 } }';
    const { issues } = parseConfigText(text);
    const missing = issues.find((i) => i.path === 'backbone.architecture');
    assert.ok(missing);
    assert.equal(text.substr(missing.offset!, 10), '"backbone"');
  });

  it('returns the normalised config when valid', () => {
    const { config, issues } = parseConfigText('{ "name": "ok", "backbone": { "architecture": "ResNet50", "inputSize": 160 } }');
    assert.deepEqual(issues, []);
    assert.deepEqual(config?.backbone.inputSize, [160, 160]);
  });
});
