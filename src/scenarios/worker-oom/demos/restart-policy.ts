import type { Demo } from '../../../lab/demo.js';
export const restartPolicyDemo: Demo = { name: 'restart-policy', summary: 'todo', question: 'todo', run: async () => { throw new Error('todo'); } };
