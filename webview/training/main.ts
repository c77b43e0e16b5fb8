import uplotCss from 'uplot/dist/uPlot.min.css';
import { WEBVIEW_PROTOCOL_VERSION, type MisclassifiedGallery, type TrainingHostToView, type TrainingViewToHost } from '../../src/shared/protocol/webview';
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
let gallery: MisclassifiedGallery | undefined;

type StateMessage = Extract<TrainingHostToView, { type: 'state' }>;
type GalleryMessage = Extract<TrainingHostToView, { type: 'gallery' }>;

function isStateMessage(data: unknown): data is StateMessage {
  const m = data as StateMessage;
  return m?.type === 'state' && typeof m.state === 'object' && m.state !== null && Array.isArray(m.state.epochs) && Array.isArray(m.state.log);
}

function isGalleryMessage(data: unknown): data is GalleryMessage {
  const m = data as GalleryMessage;
  return m?.type === 'gallery' && typeof m.gallery === 'object' && m.gallery !== null && typeof m.gallery.runDir === 'string' && Array.isArray(m.gallery.photos);
}

onHostMessage((data) => {
  if (isGalleryMessage(data)) {
    gallery = data.gallery;
    return view?.setGallery(gallery);
  }
  if (!isStateMessage(data)) return;
  if (data.locale !== locale || !view) {
    locale = data.locale;
    setLocale(locale);
    main.replaceChildren();
    view = new TrainingView(main, (m) => host.post(m));
    if (gallery) view.setGallery(gallery);
  }
  view.update(data.state);
});
onThemeChange(() => view?.refresh());
host.post({ type: 'ready', protocolVersion: WEBVIEW_PROTOCOL_VERSION });
