// The database writer thread's entry: a worker does not inherit the main thread's TypeScript loader.
import { register } from 'tsx/esm/api';

register();
await import('./writer-thread.ts');
