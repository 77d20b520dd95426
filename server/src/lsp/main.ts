import './clientProcess'; // first: see clientProcess.ts
import { startServer } from './server';

// Entry of the bundled server (`dist/server.js`), started by the VS Code client over IPC or stdio.
startServer();
