import { startViewer } from './app/shell/viewer-app';

startViewer(document.body);
