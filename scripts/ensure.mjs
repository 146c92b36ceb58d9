// Installs and builds whatever is missing; used by `npm run sim` and the other entry points.
import { ensureBuilt, ensureDependencies } from './lib.mjs';

ensureDependencies();
ensureBuilt();
