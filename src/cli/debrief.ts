import { Command } from 'commander';
export function debriefCommand(): Command { return new Command('debrief'); }
