import type { Demo } from '../../../lab/demo.js';
export const pagingDemo: Demo = { name: 'paging', summary: 'todo', question: 'todo', run: async () => { throw new Error('todo'); } };
