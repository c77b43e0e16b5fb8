/** The benchmark report as Markdown tables that read well in a terminal too. */
import { checkTargets, fastestAt, HEAD_RATIO_TARGET, memoryGrowth, pipelineRatio, PIPELINE_RATIO_TARGET, RSS_NOISE_MB, signed } from './targets';
import { isRate, type BenchReport, type RateOrSkipped } from './types';

/** A Markdown table with padded columns; numbers (and "-") right-aligned. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+( ?[x%]|x)?$|^-$|^n\/a$/.test(r[c] ?? '')));
  const cell = (text: string, c: number): string => (numeric[c] ? text.padStart(widths[c]) : text.padEnd(widths[c]));
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (numeric[c] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map((r) => line(header.map((_, c) => r[c] ?? '')))].join('\n');
}

/** Photos/s with sensible digits: 1234, 123, 12.3, 1.23. */
export function formatRate(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function rateCell(r: RateOrSkipped | undefined): string {
  if (!r) return '-';
  return isRate(r) ? formatRate(r.photosPerSecond) : 'n/a';
}

function cpuCell(r: RateOrSkipped | undefined): string {
  return r && isRate(r) && r.cpuMsPerPhoto !== undefined ? r.cpuMsPerPhoto.toFixed(2) : '-';
}

function mark(pass: boolean | undefined): string {
  return pass === undefined ? '?' : pass ? 'yes' : 'NO';
}

const s1 = (x: number): string => x.toFixed(1);

export function formatReport(report: BenchReport): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(`# cats-dogs bench${report.quick ? ' --quick (smoke run: counts too small for meaningful rates)' : ''}`);
  out.push('');
  out.push(`Machine: ${m.cpu} x ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB, Node ${m.node} (${m.platform}); load average ${m.loadStart.map((l) => l.toFixed(1)).join(' ')} at the start${m.loadEnd ? `, ${m.loadEnd.map((l) => l.toFixed(1)).join(' ')} at the end` : ''}`);
  out.push(`Backend: ${report.backend.name} (${report.backend.device}); tfjs backends measured: ${report.backend.measured.join(', ')}; onnxruntime-node ${report.onnxRuntime}`);
  out.push(`Photos: ${report.photos.total} from ${report.photos.source}`);
  out.push('');

  out.push(`## Decode + resize (imageBatches, default concurrency; the real pipeline without a consumer)`);
  out.push('');
  out.push(
    markdownTable(
      ['step', 'photos/s', 'CPU ms/photo', 'photos', 'in flight', 'must keep up with (fastest extractor at this size)', 'ok'],
      report.decode.map((d) => {
        const need = fastestAt(report, d.size);
        return [`decode+resize ${d.size} px`, formatRate(d.rate.photosPerSecond), cpuCell(d.rate), String(d.rate.photos), String(d.concurrency), need ? `${formatRate(need.photosPerSecond)} photos/s (${need.backbone}, ${need.name})` : '-', mark(need ? d.rate.photosPerSecond >= need.photosPerSecond : undefined)];
      }),
    ),
  );
  out.push('');

  const tfjsNames = [...new Set(report.extraction.flatMap((r) => Object.keys(r.tfjs)))];
  const chosen = report.extraction.some((r) => r.chosenPipeline);
  out.push('## Feature extraction, photos/s');
  out.push('');
  out.push(
    markdownTable(
      ['backbone', 'weights', 'features', 'ORT reference', 'ORT pipeline', `pipeline/reference (>= ${PIPELINE_RATIO_TARGET})`, ...tfjsNames.map((n) => `tfjs-${n}`), ...(chosen ? ['GPU pipeline'] : [])],
      report.extraction.map((r) => {
        const ratio = pipelineRatio(r);
        return [
          r.backbone,
          r.weights,
          r.featureShape.join('x'),
          rateCell(r.ortReference),
          rateCell(r.ortPipeline),
          ratio === undefined ? 'n/a' : `${ratio.toFixed(2)} ${mark(ratio >= PIPELINE_RATIO_TARGET)}`,
          ...tfjsNames.map((n) => rateCell(r.tfjs[n])),
          ...(chosen ? [r.chosenPipeline ? rateCell(r.chosenPipeline.rate) : '-'] : []),
        ];
      }),
    ),
  );
  out.push('');
  out.push('CPU time per photo, all threads of the process (ms; less sensitive than photos/s to other programs on the machine):');
  out.push('');
  out.push(
    markdownTable(
      ['backbone', 'decode+resize', 'ORT reference', 'ORT pipeline', 'pipeline - (decode + reference)'],
      report.extraction.map((r) => {
        const d = report.decode.find((x) => x.size === r.inputSize)?.rate;
        const parts = [d, r.ortReference, r.ortPipeline].map((x) => (x && isRate(x) ? x.cpuMsPerPhoto : undefined));
        const rest = parts.every((x) => x !== undefined) ? (parts[2]! - parts[0]! - parts[1]!).toFixed(2) : '-';
        return [r.backbone, cpuCell(d), cpuCell(r.ortReference), cpuCell(r.ortPipeline), rest];
      }),
    ),
  );
  out.push('');
  out.push('ORT reference: onnxruntime-node session.run alone on pre-decoded, pre-batched tensors (the ceiling).');
  out.push('ORT pipeline: extractFeatures end to end, empty cache: hash, decode overlapped with the backbone, float16, cache writes.');
  out.push('tfjs-*: the TensorFlow.js extractor on pre-decoded pixels on that backend. n/a: not measured, why below.');
  const notes = report.extraction.flatMap((r) => Object.entries({ ...r.tfjs, 'ORT reference': r.ortReference }).filter(([, v]) => !isRate(v) && v.skipped).map(([k, v]) => `${r.backbone} ${k}: ${(v as { skipped: string }).skipped}`));
  for (const n of [...new Set(notes)]) out.push(`  - ${n}`);
  out.push('');

  out.push('## Head experiment (lab baseline: Flatten, Dense 256 ReLU, Dropout 0.5, Dense 1; Adam 1e-5; batch 64)');
  out.push('');
  const head = report.head;
  if (head && 'ratio' in head) {
    const u = head.uncached;
    out.push(`${head.backbone}, ${head.train} train / ${head.validation} validation photos, ${head.epochs} epochs, extractor ${head.extractor} in both arms.`);
    out.push('');
    const rows = [
      ['head (a) cached features', s1(head.cached.totalSeconds), `cache read of ${head.train + head.validation} photos ${s1(head.cached.readSeconds)} s + ${head.epochs} epochs ${s1(head.cached.fitSeconds)} s`],
      [
        'head (b) backbone every epoch',
        s1(u.totalSeconds),
        `1 epoch measured on ${u.trainPhotos} train + ${u.validationPhotos} validation photos (${s1(u.trainSeconds)} + ${s1(u.validationSeconds)} s)${u.extrapolated ? `, scaled to ${head.train} + ${head.validation} photos = ${s1(u.epochSeconds)} s an epoch, x ${head.epochs} epochs` : ''}`,
      ],
      ['head ratio (b)/(a)', `${s1(head.ratio)}x`, `target >= ${HEAD_RATIO_TARGET}x: ${mark(head.ratio >= HEAD_RATIO_TARGET)}`],
      ['first extraction (cold cache)', head.coldSeconds === undefined ? '-' : s1(head.coldSeconds), head.cacheWasWarm ? 'the cache was already warm (an earlier run filled it)' : `features of all ${head.train + head.validation} + test photos computed once`],
    ];
    const t = report.trainRun;
    if (t && 'wallSeconds' in t) {
      rows.push(['cats-dogs train, warm cache', s1(t.wallSeconds), `${t.config}: ${t.jobSeconds !== undefined ? `${s1(t.jobSeconds)} s inside trainJob (features ${s1(t.featureSeconds ?? 0)} s, training ${s1(t.trainSeconds ?? 0)} s)` : ''}; cache ${t.hits ?? '?'} hits / ${t.misses ?? '?'} misses; test accuracy ${t.testAccuracy !== undefined ? (100 * t.testAccuracy).toFixed(1) + ' % (random weights)' : '?'}`]);
    } else {
      rows.push(['cats-dogs train, warm cache', '-', t ? t.skipped : 'not run']);
    }
    out.push(markdownTable(['arm', 'seconds', 'how'], rows));
  } else {
    out.push(`head experiment not run: ${head?.skipped ?? 'skipped'}`);
  }
  out.push('');

  out.push('## Memory per phase (this process)');
  out.push('');
  out.push(
    markdownTable(
      ['phase', 'seconds', 'peak RSS MB', 'maxRSS MB so far', 'tensors before', 'tensors after'],
      report.phases.map((p) => [p.phase, s1(p.seconds), p.peakRssMb.toFixed(0), p.maxRssMb.toFixed(0), String(p.tensorsBefore), String(p.tensorsAfter)]),
    ),
  );
  out.push('');
  if (Array.isArray(report.memoryScaling)) {
    const probes = report.memoryScaling;
    out.push(`## Memory vs dataset size (${probes[0]?.backbone}: extraction into an empty cache, then ${probes[0]?.epochs} head epoch(s); one process each)`);
    out.push('');
    out.push(
      markdownTable(
        ['storage', 'photos', 'RSS after loading MB', 'peak after extraction MB', 'peak RSS MB', 'features in RAM MB', 'tensors before', 'tensors after'],
        probes.map((p) => [`${p.storage} store`, String(p.photos), p.baseRssMb.toFixed(0), p.extractRssMb.toFixed(0), p.peakRssMb.toFixed(0), p.featureMb.toFixed(1), String(p.tensorsBefore), String(p.tensorsAfter)]),
      ),
    );
    out.push('');
    for (const g of memoryGrowth(probes)) {
      out.push(`${g.storage} store, ${g.small.photos} -> ${g.large.photos} photos (train + validation): peak RSS ${signed(g.rssGrowthMb)} MB; features +${g.featureGrowthMb.toFixed(1)} MB; allowed ${g.allowedMb.toFixed(0)} MB (features + ${RSS_NOISE_MB} MB noise): ${mark(g.pass)}`);
    }
  } else {
    out.push('## Memory vs dataset size');
    out.push('');
    out.push(`not measured: ${report.memoryScaling.skipped}`);
  }
  out.push('');

  out.push('## Targets');
  out.push('');
  out.push(markdownTable(['target', 'measured', 'ok'], checkTargets(report).map((c) => [c.target, c.measured, mark(c.pass)])));
  out.push('');
  out.push(`Total ${report.seconds.toFixed(0)} s. Timings vary with the machine and its load; they are printed, never asserted.`);
  return out.join('\n') + '\n';
}

