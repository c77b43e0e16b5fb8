import uplotCss from 'uplot/dist/uPlot.min.css';
import { WEBVIEW_PROTOCOL_VERSION, type ExperimentsHostToView, type ExperimentsViewToHost } from '../../src/shared/protocol/webview';
import baseCss from '../common/base.css';
import { el } from '../common/dom';
import { setLocale } from '../common/i18n';
import { injectStyles } from '../common/styles';
import { onThemeChange, publishChartPalette } from '../common/theme';
import { hostChannel, onHostMessage } from '../common/vscodeApi';
import experimentsCss from './experiments.css';
import { restoreUiState } from './uiState';
import { ExperimentsView } from './view';

injectStyles(uplotCss, baseCss, experimentsCss);
publishChartPalette();
const host = hostChannel<ExperimentsViewToHost>();
const root = document.getElementById('root')!;
const main = el('main', { class: 'experiments' });
root.append(main);
let locale = '';
let view: ExperimentsView | undefined;

function isStateMessage(data: unknown): data is ExperimentsHostToView {
  const m = data as ExperimentsHostToView;
  return m?.type === 'state' && typeof m.state === 'object' && m.state !== null && Array.isArray(m.state.rows) && Array.isArray(m.state.tableProblems);
}

onHostMessage((data) => {
  if (!isStateMessage(data)) return;
  const first = !view;
  if (data.locale !== locale || !view) {
    locale = data.locale;
    setLocale(locale);
    main.replaceChildren();
    view = new ExperimentsView(main, (m) => host.post(m), restoreUiState(host.getState()), (ui) => host.setState(ui));
  }
  view.update(data.state);
  if (first) view.resumeComparison();
});
onThemeChange(() => {
  publishChartPalette();
  view?.retheme();
});
host.post({ type: 'ready', protocolVersion: WEBVIEW_PROTOCOL_VERSION });
