package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TokenAssignmentTest {
    private static TokenAssignment.Declared automatic(String fqdn) {
        return new TokenAssignment.Declared(fqdn, "dc1", "rack1", null);
    }

    @Test
    void nodesWithoutTokensAreSpacedEvenlyOverTheRingInDeclarationOrder() {
        List<FixtureNode> nodes = TokenAssignment.assign(List.of(automatic("a"), automatic("b"), automatic("c"), automatic("d")), 0, 1);

        assertThat(nodes).extracting(FixtureNode::fqdn).containsExactly("a", "b", "c", "d");
        assertThat(nodes).extracting(FixtureNode::tokens)
                .containsExactly(List.of(Long.MIN_VALUE), List.of(-(1L << 62)), List.of(0L), List.of(1L << 62));
    }

    @Test
    void explicitTokensAreKeptAndOnlyTheOtherNodesAreSpaced() {
        List<FixtureNode> nodes = TokenAssignment.assign(List.of(automatic("a"),
                new TokenAssignment.Declared("b", "dc2", "rack2", List.of(42L, -7L)), automatic("c")), 0, 1);

        assertThat(nodes.get(1)).isEqualTo(new FixtureNode("b", "dc2", "rack2", List.of(-7L, 42L)));
        assertThat(nodes.get(0).tokens()).containsExactly(Long.MIN_VALUE);
        assertThat(nodes.get(2).tokens()).containsExactly(0L);
    }

    @Test
    void vnodesAreDistinctRandomTokensTheSameForTheSameSeed() {
        List<TokenAssignment.Declared> declared = List.of(automatic("a"), automatic("b"), automatic("c"));

        List<FixtureNode> first = TokenAssignment.assign(declared, 16, 5);
        List<FixtureNode> again = TokenAssignment.assign(declared, 16, 5);
        List<FixtureNode> otherSeed = TokenAssignment.assign(declared, 16, 6);

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        List<Long> all = new ArrayList<>();
        first.forEach(node -> all.addAll(node.tokens()));
        Set<Long> distinct = new HashSet<>(all);
        assertThat(first).allSatisfy(node -> assertThat(node.tokens()).hasSize(16));
        assertThat(distinct).hasSize(48).doesNotContain(Long.MIN_VALUE);
    }

    @Test
    void anExplicitTokenWhereASpacedOneFallsIsRefusedNamingTheNode() {
        List<TokenAssignment.Declared> declared = List.of(automatic("a"),
                new TokenAssignment.Declared("b", "dc1", "rack1", List.of(Long.MIN_VALUE)));

        assertThatThrownBy(() -> TokenAssignment.assign(declared, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Evenly spaced token " + Long.MIN_VALUE + " of node a is taken by another node");
    }
}
