/** Every selector of the PacketWalk store. */
export * from './step';
export * from './groups';
export * from './pipeline';
export * from './chain';
export * from './routes';
export * from './l2';
export * from './outcome';
export * from './alternatives';
export * from './narration';
export * from './rewrites';
export * from './breakage';
export * from './challenge';
export * from './error-answer';
export * from './error-outcome';
export * from './hook-functions';
export * from './unevaluable';
export * from './because';
