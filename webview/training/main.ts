import uplotCss from 'uplot/dist/uPlot.min.css';
import { WEBVIEW_PROTOCOL_VERSION, type TrainingHostToView, type TrainingViewToHost } from '../../src/shared/protocol/webview';
import baseCss from '../common/base.css';
import { el } from '../common/dom';
import { setLocale } from '../common/i18n';
import { injectStyles } from '../common/styles';
import { onThemeChange } from '../common/theme';
import { hostChannel, onHostMessage } from '../common/vscodeApi';
import trainingCss from './training.css';
import { TrainingView } from './view';

injectStyles(uplotCss, baseCss, trainingCss);
const host = hostChannel<TrainingViewToHost>();
const root = document.getElementById('root')!;
const main = el('main', { class: 'training' });
root.append(main);
let locale = '';
let view: TrainingView | undefined;

function isStateMessage(data: unknown): data is TrainingHostToView {
  const m = data as TrainingHostToView;
  return m?.type === 'state' && typeof m.state === 'object' && m.state !== null && Array.isArray(m.state.epochs) && Array.isArray(m.state.log);
}

onHostMessage((data) => {
  if (!isStateMessage(data)) return;
  if (data.locale !== locale || !view) {
    locale = data.locale;
    setLocale(locale);
    main.replaceChildren();
    view = new TrainingView(main, (m) => host.post(m));
  }
  view.update(data.state);
});
onThemeChange(() => view?.refresh());
host.post({ type: 'ready', protocolVersion: WEBVIEW_PROTOCOL_VERSION });
