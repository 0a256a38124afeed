package io.movedata.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A part of the SPI that is not yet stable: it may change, or go, in a minor version, without being
 * deprecated first. The rest of sdk-api changes incompatibly only in a major version. A connector may
 * use an unstable part; it should expect to adapt when it moves to a newer minor version, and the
 * release notes say what changed. The element's own documentation says why it is not stable yet.
 *
 * <p>The mark is recorded in sdk-api's signature file ({@code sdk-api/api/sdk-api.signatures}), so
 * adding or removing it is a change of the surface, reviewed like any other. docs/sdk-api.md gives the
 * compatibility promise in full.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Unstable {
}
