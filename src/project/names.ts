/** The lab as a project: its names, its image and how long it takes to start, whatever the outage. */
export const PROJECT = 'async-outage-lab';
export const LAB_LABEL = 'io.async-outage-lab.lab';
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

export const IMAGE = 'async-outage-lab:latest';
export const DEFAULT_BASE_IMAGE = 'debian:trixie-slim';
export const LOCAL_BASE_IMAGE = 'async-outage-lab/base:trixie';

export const MIB = 1024 * 1024;

/**
 * How long `up` and `reset` take once the images exist: about 6 s on an idle machine (`npm run
 * bench`, and the contract suite's own runs: 5.7-6.5 s on Engine 20.10 + Compose v1 here), up to
 * 15 s while other labs or test suites load it (10.4 s seen at a load average of 6). The README
 * and --help quote these; the contract suite fails a run slower than `busyMax`.
 */
export const UP_SECONDS_ONCE_BUILT = { typical: 6, busyMax: 15 } as const;
export const upSecondsText = `about ${UP_SECONDS_ONCE_BUILT.typical} s once the images exist, up to ${UP_SECONDS_ONCE_BUILT.busyMax} s on a busy machine`;
