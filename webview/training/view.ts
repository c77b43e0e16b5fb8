/**
 * The Training view's DOM. Built once; each state updates the parts in place, so the Cancel button
 * keeps keyboard focus through the stream of progress updates.
 */
import { detectOverfitting, type OverfittingReport } from '../../src/shared/analysis/overfitting';
import type { MisclassifiedGallery, TrainingViewState, TrainingViewToHost } from '../../src/shared/protocol/webview';
import { el, fill, show } from '../common/dom';
import { clock, compact, decimal, integer, percent } from '../common/format';
import { t, tn, type MessageKey } from '../common/i18n';
import { LineChart } from '../common/lineChart';
import { setDisabled, vscodeButton } from '../common/vscodeButton';
import { accuracySpec, epochMarkers, epochRange, lossSpec } from './charts';
import { galleryContent } from './gallery';
import { confusionTable, epochTable } from './tables';

type Post = (message: TrainingViewToHost) => void;

export class TrainingView {
  private readonly title = el('h1', { id: 'title' });
  private readonly badge = el('span', { class: 'badge', id: 'phase' });
  private readonly meta = el('ul', { class: 'meta' });
  private readonly empty = el('p', { class: 'empty' });
  private readonly progressLabel = el('div', { class: 'progress-label', id: 'progress-label' });
  private readonly progressBar = el('progress', { 'aria-labelledby': 'progress-label' });
  private readonly progressDetail = el('div', { class: 'progress-detail' });
  private readonly cancel: HTMLElement;
  private readonly progressSection = el('section', { class: 'progress', 'aria-label': '' });
  private readonly errorBox = el('div', { class: 'error', role: 'alert' });
  private readonly bigResult = el('p', { class: 'big-result' });
  private readonly resultDetail = el('p', { class: 'result-detail' });
  private readonly confusion = el('div', { class: 'confusion' });
  private readonly resultButtons = el('div', { class: 'buttons' });
  private readonly resultSection = el('section', { class: 'result' });
  private readonly gallerySection = el('section', { class: 'misclassified' });
  private readonly insightHeading = el('h2');
  private readonly insight = el('p', { class: 'insight-text' });
  private readonly insightSection = el('section', { class: 'insight' });
  private readonly lossCaption = el('figcaption');
  private readonly accCaption = el('figcaption');
  private readonly lossChart: LineChart;
  private readonly accChart: LineChart;
  private readonly chartsSection = el('section', { class: 'charts' });
  private readonly epochs = el('section', { class: 'epochs' });
  private readonly logHeading = el('summary');
  private readonly log = el('pre', { class: 'log' });
  private readonly logSection = el('details', { class: 'log-section' });
  private readonly live = el('div', { class: 'visually-hidden', 'aria-live': 'polite', role: 'status' });
  private readonly openFolder: HTMLElement;
  private readonly compare: HTMLElement;
  private readonly variant: HTMLElement;

  private state?: TrainingViewState;
  private gallery?: MisclassifiedGallery;
  private readonly post: Post;
  private announced?: { runKey: string; epochs: number; phase: string; overfitting?: number };
  private lastEpochsKey = '';

  constructor(root: HTMLElement, post: Post) {
    this.post = post;
    this.cancel = vscodeButton(t('action.cancel'), () => post({ type: 'cancel' }), { secondary: true, icon: 'debug-stop' });
    this.openFolder = vscodeButton(t('action.openRunFolder'), () => post({ type: 'openRunFolder' }), { icon: 'folder-opened' });
    this.compare = vscodeButton(t('action.compareWithBest'), () => post({ type: 'compareWithBest' }), { secondary: true, icon: 'diff' });
    this.variant = vscodeButton(t('action.createVariant'), () => post({ type: 'createVariant' }), { secondary: true, icon: 'copy' });

    const lossBox = el('div', { class: 'chart' });
    const accBox = el('div', { class: 'chart' });
    this.lossChart = new LineChart(lossBox);
    this.accChart = new LineChart(accBox);

    this.progressSection.append(el('div', { class: 'progress-row' }, this.progressLabel, this.cancel), this.progressBar, this.progressDetail);
    this.resultButtons.append(this.openFolder, this.compare, this.variant);
    this.resultSection.append(this.bigResult, this.resultDetail, this.confusion, this.resultButtons);
    this.insightSection.append(this.insightHeading, this.insight);
    this.chartsSection.append(el('figure', {}, this.lossCaption, lossBox), el('figure', {}, this.accCaption, accBox));
    this.logSection.append(this.logHeading, this.log);
    root.append(
      el('header', {}, el('div', { class: 'title-row' }, this.title, this.badge), this.meta),
      this.empty,
      this.progressSection,
      this.errorBox,
      this.resultSection,
      this.gallerySection,
      this.insightSection,
      this.chartsSection,
      this.epochs,
      this.logSection,
      this.live,
    );
  }

  /** Re-applies the current state (after a locale or theme change). */
  refresh(): void {
    this.lastEpochsKey = '';
    this.lossChart.retheme();
    this.accChart.retheme();
    if (this.state) this.update(this.state);
  }

  update(state: TrainingViewState): void {
    const previous = this.state;
    this.state = state;
    const idle = state.phase === 'idle';
    const report = detectOverfitting(state.epochs);
    const bestEpoch = state.bestEpoch ?? report.bestEpoch;

    this.title.textContent = state.runName ?? t('training.title');
    const phaseKey: MessageKey = state.phase === 'finished' ? `status.${state.status ?? 'failed'}` : `phase.${state.phase}`;
    this.badge.textContent = t(phaseKey);
    this.badge.className = `badge badge-${state.phase === 'finished' ? (state.status ?? 'failed') : state.phase}`;
    this.renderMeta(state);

    this.empty.textContent = t('training.empty');
    show(this.empty, idle);
    this.renderProgress(state, previous);
    this.renderError(state);
    this.renderResult(state, bestEpoch);
    this.renderGallery();
    this.renderInsight(state, report, bestEpoch);

    // Charts appear with the first epoch: empty axes before it say nothing (the table says "no epoch yet").
    const hasEpochs = state.epochs.length > 0;
    show(this.chartsSection, !idle && hasEpochs);
    this.lossCaption.textContent = t('chart.lossCaption');
    this.accCaption.textContent = t('chart.accuracyCaption');
    const running = state.phase !== 'finished';
    const epochsKey = JSON.stringify([state.runId, state.epochs, bestEpoch, report.began, running, state.epochsPlanned]);
    if (!idle && epochsKey !== this.lastEpochsKey) {
      this.lastEpochsKey = epochsKey;
      if (hasEpochs) {
        const markers = epochMarkers(state.epochs, bestEpoch, report);
        const xRange = epochRange(state.epochs, state.epochsPlanned, running);
        this.lossChart.render(lossSpec(state.epochs, markers, report, xRange));
        this.accChart.render(accuracySpec(state.epochs, markers, report, xRange));
      }
      fill(this.epochs, epochTable(state.epochs, bestEpoch));
    }
    show(this.epochs, !idle);

    this.logHeading.textContent = t('log.heading');
    this.log.textContent = state.log.slice(-40).join('\n');
    show(this.logSection, state.log.length > 0);
    this.announce(state, report);
  }

  private renderMeta(state: TrainingViewState): void {
    const items: string[] = [];
    if (state.backend) items.push(t('meta.backend', state.backend.name, state.backend.device));
    if (state.backbone) items.push(t('meta.backbone', state.backbone.architecture, compact(state.backbone.params + state.backbone.headParams), compact(state.backbone.trainableParams)));
    if (state.images) items.push(t('meta.images', integer(state.images.train), integer(state.images.validation), integer(state.images.test)));
    fill(this.meta, ...items.map((text) => el('li', {}, text)));
  }

  private renderProgress(state: TrainingViewState, previous: TrainingViewState | undefined): void {
    const active = state.phase === 'starting' || state.phase === 'running' || state.phase === 'cancelling';
    show(this.progressSection, active);
    this.progressSection.setAttribute('aria-label', t('progress.label'));
    if (!active) return;
    const p = state.progress;
    const epochsPlanned = state.epochsPlanned ?? 0;
    const phaseName = p ? t(progressPhaseKey(p.phase)) : '';
    if (!p) this.progressLabel.textContent = t('progress.waiting');
    else if ((p.phase === 'train' || p.phase === 'finetune') && p.unit === 'batches' && p.epoch !== undefined && epochsPlanned > 0) {
      this.progressLabel.textContent = t('progress.epochBatch', phaseName, p.epoch, epochsPlanned, p.done, p.total);
    } else if (p.unit === 'bytes') {
      this.progressLabel.textContent = t('progress.count', phaseName, `${decimal(p.done / 1e6, 1)} MB`, `${decimal(p.total / 1e6, 1)} MB`);
    } else {
      this.progressLabel.textContent = t('progress.count', phaseName, integer(p.done), integer(p.total));
    }
    if (p && p.total > 0) {
      this.progressBar.max = p.total;
      this.progressBar.value = Math.min(p.done, p.total);
    } else {
      this.progressBar.removeAttribute('value'); // indeterminate
    }
    const details: string[] = [];
    if (p?.rate !== undefined && Number.isFinite(p.rate)) {
      if (p.unit === 'bytes') details.push(t('progress.mbPerSecond', decimal(p.rate / 1e6, 1)));
      else if (p.unit === 'photos') details.push(t('progress.imagesPerSecond', integer(p.rate)));
      else if (state.batchSize) details.push(t('progress.imagesPerSecond', integer(p.rate * state.batchSize)));
    }
    if (p?.etaSeconds !== undefined && Number.isFinite(p.etaSeconds)) details.push(t('progress.phaseEta', clock(p.etaSeconds)));
    const runEta = estimateRunSeconds(state);
    if (runEta !== undefined) details.push(t('progress.runEta', clock(runEta)));
    if (state.startedAt) details.push(t('progress.elapsed', clock((Date.now() - Date.parse(state.startedAt)) / 1000)));
    this.progressDetail.textContent = details.join(' · ');
    const cancelling = state.phase === 'cancelling';
    if (!previous || previous.phase !== state.phase || this.cancel.textContent !== t(cancelling ? 'action.cancelling' : 'action.cancel')) {
      this.cancel.textContent = t(cancelling ? 'action.cancelling' : 'action.cancel');
      setDisabled(this.cancel, cancelling);
    }
  }

  private renderError(state: TrainingViewState): void {
    show(this.errorBox, !!state.error);
    if (!state.error) return;
    fill(this.errorBox, el('p', { class: 'error-message' }, state.error.message), state.error.hint ? el('p', { class: 'error-hint' }, t('error.hint', state.error.hint)) : null);
  }

  private renderResult(state: TrainingViewState, bestEpoch: number | undefined): void {
    const finished = state.phase === 'finished';
    show(this.resultSection, finished);
    if (!finished) return;
    if (state.test) this.bigResult.textContent = t('result.testAccuracy', percent(state.test.acc));
    else this.bigResult.textContent = t(state.status === 'cancelled' ? 'result.cancelled' : state.status === 'failed' ? 'result.failed' : 'result.testAccuracy', '—');
    this.bigResult.className = `big-result${state.test ? '' : ' big-result-muted'}`;
    const details: string[] = [];
    if (state.test) details.push(t('result.testLoss', decimal(state.test.loss)));
    if (state.totalSeconds !== undefined) details.push(t('result.totalTime', clock(state.totalSeconds)));
    if (bestEpoch !== undefined) details.push(t('result.bestEpoch', bestEpoch));
    if (state.epochsPlanned) details.push(t('result.epochsRun', state.epochs.length, state.epochsPlanned));
    this.resultDetail.textContent = details.join(' · ');
    fill(this.confusion, state.test ? confusionTable(state.test.confusion) : null);
    this.openFolder.textContent = t('action.openRunFolder');
    this.compare.textContent = t('action.compareWithBest');
    this.variant.textContent = t('action.createVariant');
    setDisabled(this.openFolder, !state.runId);
    setDisabled(this.compare, !state.runId || state.status !== 'completed');
    setDisabled(this.variant, !state.configPath && !state.runId);
  }

  /** The run's misclassified photos (they come apart from the state, once per run). */
  setGallery(gallery: MisclassifiedGallery): void {
    this.gallery = gallery;
    delete this.gallerySection.dataset.shown;
    this.renderGallery();
  }

  private renderGallery(): void {
    const state = this.state;
    const visible = !!state && state.phase === 'finished' && !!this.gallery && this.gallery.runDir === state.runDir;
    show(this.gallerySection, visible);
    if (!visible) return;
    if (this.gallerySection.dataset.shown === this.gallery!.runDir) return; // keep focus and scroll while progress streams
    this.gallerySection.dataset.shown = this.gallery!.runDir;
    fill(this.gallerySection, ...galleryContent(this.gallery!, this.post));
  }

  private renderInsight(state: TrainingViewState, report: OverfittingReport, bestEpoch: number | undefined): void {
    // A run that ended before its first epoch has no answer coming: say nothing rather than "after the first epochs".
    show(this.insightSection, state.phase !== 'idle' && !(state.phase === 'finished' && state.epochs.length === 0));
    this.insightHeading.textContent = t('insight.heading');
    const lines: string[] = [];
    const best = state.epochs.find((e) => e.epoch === bestEpoch);
    if (best) lines.push(t('insight.best', best.epoch, decimal(best.valLoss), percent(best.valAcc)));
    if (state.epochs.length === 0) lines.push(t('insight.noEpochs'));
    else if (report.began !== undefined) lines.push(t('insight.overfitting', report.began, tn('n.epochs', report.epochsSinceBest)));
    else if (report.epochsSinceBest > 0) lines.push(t('insight.watching', tn('n.epochs', report.epochsSinceBest)));
    else lines.push(t('insight.none'));
    this.insight.textContent = lines.join(' ');
    this.insightSection.classList.toggle('insight-alert', report.began !== undefined);
  }

  /** Says what a screen reader user would otherwise miss: an epoch ended, overfitting began, the run ended. */
  private announce(state: TrainingViewState, report: OverfittingReport): void {
    const runKey = `${state.runId ?? ''}|${state.startedAt ?? ''}`;
    const prev = this.announced;
    this.announced = { runKey, epochs: state.epochs.length, phase: state.phase, overfitting: report.began };
    if (!prev || prev.runKey !== runKey) return; // a fresh view or a new run: nothing has happened yet
    const messages: string[] = [];
    if (state.epochs.length > prev.epochs) {
      const e = state.epochs[state.epochs.length - 1];
      messages.push(t('announce.epoch', e.epoch, state.epochsPlanned ?? e.epoch, percent(e.valAcc), decimal(e.valLoss)));
    }
    if (report.began !== undefined && prev.overfitting === undefined) messages.push(t('announce.overfitting', report.began));
    if (state.phase === 'finished' && prev.phase !== 'finished') {
      if (state.status === 'completed') messages.push(t('announce.finished', state.test ? percent(state.test.acc) : '—'));
      else if (state.status === 'cancelled') messages.push(t('announce.cancelled'));
      else messages.push(t('announce.failed', state.error?.message ?? ''));
    }
    if (messages.length > 0) this.live.textContent = messages.join(' ');
  }
}

function progressPhaseKey(phase: string): MessageKey {
  const known = ['download', 'load', 'cache', 'train', 'finetune', 'validate', 'evaluate', 'save', 'prepare', 'predict'];
  return (known.includes(phase) ? `progress.${phase}` : 'progress.train') as MessageKey;
}

/** Seconds left in the whole run: the epochs still to come at the mean epoch time, plus this epoch's rest. */
function estimateRunSeconds(state: TrainingViewState): number | undefined {
  const p = state.progress;
  if (!p || (p.phase !== 'train' && p.phase !== 'finetune') || !state.epochsPlanned || state.epochs.length === 0) return undefined;
  const mean = state.epochs.reduce((s, e) => s + e.seconds, 0) / state.epochs.length;
  const current = p.epoch ?? state.epochs.length + 1;
  const after = Math.max(0, state.epochsPlanned - current);
  const rest = p.etaSeconds ?? (p.total > 0 ? ((p.total - p.done) / p.total) * mean : 0);
  return rest + after * mean;
}
