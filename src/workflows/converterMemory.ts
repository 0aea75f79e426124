/**
 * The converter's memory limit unless the caller gives one, and the least it may be given. A
 * module of its own so the settings can read them without loading the converter's code.
 */
export const DEFAULT_MEMORY_MIB = 1024;
export const MIN_MEMORY_MIB = 256;
