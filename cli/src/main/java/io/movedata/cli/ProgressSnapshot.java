package io.movedata.cli;

/**
 * How far a movement has come, as {@link Progress} samples it.
 *
 * @param splitsDone token-range splits finished
 * @param splitsTotal splits planned; 0 while planning
 * @param rows rows read so far
 * @param bytes SSTable bytes read so far
 */
public record ProgressSnapshot(long splitsDone, long splitsTotal, long rows, long bytes) {}
