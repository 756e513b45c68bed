package dev.anyrouter.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class SettingsStoreTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    Database db;
    SettingsStore settings;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        settings = new SettingsStore(db);
    }

    @Test
    void databaseShortcutsReadAndWriteTheSameTable() {
        assertThat(db.getSetting("vault.probe")).isEmpty();
        db.putSetting("vault.probe", "p1");
        assertThat(settings.get("vault.probe")).contains("p1");
        assertThat(db.putSettingIfAbsent("vault.probe", "p2")).isFalse();
        assertThat(db.getSetting("vault.probe")).contains("p1");
    }

    @Test
    void missingNameIsEmpty() {
        assertThat(settings.get("vault.probe")).isEmpty();
    }

    @Test
    void putThenGetAndPutReplaces() {
        settings.put("vault.probe", "one");
        settings.put("vault.probe", "two");
        assertThat(settings.get("vault.probe")).contains("two");
    }

    @Test
    void putIfAbsentStoresOnlyTheFirstValue() {
        assertThat(settings.putIfAbsent("vault.probe", "first")).isTrue();
        assertThat(settings.putIfAbsent("vault.probe", "second")).isFalse();
        assertThat(settings.get("vault.probe")).contains("first");
    }
}
