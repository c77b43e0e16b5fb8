import { strict as assert } from 'node:assert';
import { opaque } from '../../../webview/common/colors';

describe('opaque chart colours', () => {
  it('drops the alpha of rgba() and of 4- and 8-digit hex colours', () => {
    assert.equal(opaque('rgba(234, 92, 0, 0.33)'), 'rgb(234, 92, 0)');
    assert.equal(opaque('rgb(234 92 0 / 33%)'), 'rgb(234, 92, 0)');
    assert.equal(opaque('#d1861655'), '#d18616');
    assert.equal(opaque('#f808'), '#f80');
  });

  it('leaves opaque colours and names as they are', () => {
    assert.equal(opaque(' #0063d3 '), '#0063d3');
    assert.equal(opaque('#abc'), '#abc');
    assert.equal(opaque('rgb(1, 2, 3)'), 'rgb(1, 2, 3)');
    assert.equal(opaque('orange'), 'orange');
  });
});
