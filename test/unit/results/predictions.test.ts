import { strict as assert } from 'node:assert';
import { misclassified, parsePredictionsCsv, predictedClass } from '../../../src/shared/results/predictions';

const csv = [
  'file,label,probability',
  '/d/test/cats/cat.1.jpg,cat,0.010000',
  '/d/test/cats/cat.2.jpg,cat,0.700000',
  '/d/test/dogs/dog.1.jpg,dog,0.020000',
  '/d/test/dogs/dog.2.jpg,dog,0.990000',
  '"/d/test/cats/cat, 3.jpg",cat,0.500000',
  '/d/test/dogs/dog.3.jpg,dog,0.499999',
  '',
].join('\n');

describe('predictions.csv', () => {
  it('reads every row, quoted paths included', () => {
    const { predictions, problems } = parsePredictionsCsv(csv);
    assert.deepEqual(problems, []);
    assert.equal(predictions.length, 6);
    assert.deepEqual(predictions[4], { file: '/d/test/cats/cat, 3.jpg', label: 'cat', probability: 0.5 });
  });

  it('lists the wrong answers, most confidently wrong first, with the confidence of the answer', () => {
    const { items, total } = misclassified(parsePredictionsCsv(csv).predictions);
    assert.equal(total, 4);
    assert.deepEqual(
      items.map((i) => [i.file.split('/').pop(), i.label, i.predicted, Number(i.confidence.toFixed(6))]),
      [
        ['dog.1.jpg', 'dog', 'cat', 0.98],
        ['cat.2.jpg', 'cat', 'dog', 0.7],
        ['dog.3.jpg', 'dog', 'cat', 0.500001],
        ['cat, 3.jpg', 'cat', 'dog', 0.5],
      ],
    );
    assert.equal(predictedClass(0.5), 'dog', 'the threshold belongs to dog, as in the engine');
  });

  it('keeps to the limit but counts them all', () => {
    const { items, total } = misclassified(parsePredictionsCsv(csv).predictions, 2);
    assert.equal(items.length, 2);
    assert.equal(total, 4);
  });

  it('reports damaged lines and a foreign header instead of guessing', () => {
    const bad = parsePredictionsCsv('file,label,probability\n/a.jpg,horse,0.3\n/b.jpg,cat,\n/c.jpg,dog,1.5\n/d.jpg,dog,0.9\n');
    assert.equal(bad.predictions.length, 1);
    assert.deepEqual(bad.problems.map((p) => p.line), [2, 3, 4]);
    const foreign = parsePredictionsCsv('path,p\n/a.jpg,0.3\n');
    assert.equal(foreign.predictions.length, 0);
    assert.match(foreign.problems[0].message, /header/);
  });
});
