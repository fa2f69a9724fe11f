// Entry point of the bundled page script.
import { startViewer } from './ui/app.js';

startViewer();
