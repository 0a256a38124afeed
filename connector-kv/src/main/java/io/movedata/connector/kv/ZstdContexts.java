package io.movedata.connector.kv;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.luben.zstd.ZstdDecompressCtx;

/**
 * One zstd decompression context per thread, reused: {@code Zstd.decompress} creates and frees one
 * per call, which costs more than decompressing a small value (most of a graph's property values
 * are a few bytes: the graph benchmark's profile showed it). zstd-jni frees a context's native
 * memory only on {@code close()}, and Spark's task threads come and go, so each context is closed
 * once its thread's holder is unreachable (the thread ended, or {@link #discard} dropped it).
 */
final class ZstdContexts {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final ThreadLocal<Holder> CONTEXT = ThreadLocal.withInitial(Holder::new);

    private ZstdContexts() {
    }

    /** This thread's context. */
    static ZstdDecompressCtx current() {
        return CONTEXT.get().context;
    }

    /** Closes this thread's context (after a failure its state is not trusted); the next call makes a new one. */
    static void discard() {
        Holder holder = CONTEXT.get();
        CONTEXT.remove();
        holder.cleanable.clean();
    }

    /** Contexts made and not yet closed, in this JVM. */
    static int open() {
        return OPEN.get();
    }

    private static final class Holder {
        private final ZstdDecompressCtx context = new ZstdDecompressCtx();
        private final Cleaner.Cleanable cleanable;

        Holder() {
            OPEN.incrementAndGet();
            ZstdDecompressCtx closing = context; // the action must not reach the holder, or it is never unreachable
            cleanable = CLEANER.register(this, () -> {
                closing.close();
                OPEN.decrementAndGet();
            });
        }
    }
}
