package dev.salle.bridge.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {

    private final RoomRegistry rooms = new RoomRegistry(2, new SplittableRandom(7));

    @Test
    void aRegisteredRoomHasAUuidARandomSlugAndATenDigitPin() throws Exception {
        Room r = rooms.create(Optional.empty(), "Board", AccessLevel.RESTRICTED);
        assertThat(r.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(r.slug()).matches("[a-z]{3}-[a-z]{4}-[a-z]{3}");
        assertThat(r.pinCode()).hasValueSatisfying(p -> assertThat(p).matches("[0-9]{10}"));
        assertThat(r.livekitRoom()).isEqualTo(r.id());
        assertThat(rooms.byId(r.id())).hasValue(r);
        assertThat(rooms.bySlug(r.slug())).hasValue(r);
    }

    @Test
    void refusesATakenSlugAndMoreRoomsThanTheLimit() throws Exception {
        rooms.create(Optional.of("abc-defg-hij"), "a", AccessLevel.PUBLIC);
        assertThatThrownBy(() -> rooms.create(Optional.of("abc-defg-hij"), "b", AccessLevel.PUBLIC))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.kind()).isEqualTo(RoomException.Kind.SLUG_TAKEN));
        rooms.create(Optional.empty(), "c", AccessLevel.PUBLIC);
        assertThatThrownBy(() -> rooms.create(Optional.empty(), "d", AccessLevel.PUBLIC))
                .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.kind())
                        .isEqualTo(RoomException.Kind.TOO_MANY_ROOMS));
        assertThat(rooms.size()).isEqualTo(2);
    }

    @Test
    void anOpenRoomIsPublicAndNamedAfterItsSlug() {
        Room open = Room.open("abc-defg-hij");
        assertThat(open.livekitRoom()).isEqualTo("abc-defg-hij");
        assertThat(open.accessLevel()).isEqualTo(AccessLevel.PUBLIC);
        assertThat(open.pinCode()).isEmpty();
    }

    @Test
    void slugsAreNormalizedAndValidated() {
        assertThat(Slug.normalize("abcdefghij")).hasValue("abc-defg-hij");
        assertThat(Slug.normalize("abc-defg-hij")).hasValue("abc-defg-hij");
        assertThat(Slug.normalize("abc-def-ghij")).isEmpty();
        assertThat(Slug.normalize("ABCDEFGHIJ")).isEmpty();
        assertThat(Slug.normalize("abc-defg-hij/../x")).isEmpty();
        assertThat(Slug.random(new SplittableRandom(1))).matches("[a-z]{3}-[a-z]{4}-[a-z]{3}");
    }
}
