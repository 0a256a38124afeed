package io.movedata.runtime.read;

import java.io.Serializable;
import java.util.List;

import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.ring.TokenRange;

/**
 * One unit of executor work: a token range, the replicas chosen to read it and their SSTables
 * that overlap it, and optionally the only partition keys wanted.
 *
 * @param index position in the plan
 * @param range the token range
 * @param replicas the replicas read, in replica order
 * @param sstables the SSTables of those replicas that may hold tokens of the range
 * @param partitionKeys serialized partition keys to read, or null for the whole range
 * @param estimatedBytes SSTable bytes the split is expected to read
 */
public record ReadSplit(int index, TokenRange range, List<String> replicas, List<SSTableFiles> sstables,
                        List<byte[]> partitionKeys, long estimatedBytes) implements Serializable {

    public String describe() {
        return "split " + index + " token range " + range + " replicas " + replicas;
    }
}
