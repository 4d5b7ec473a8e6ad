package dev.salle.device.page;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the page tests share: a real {@link DevicePageServer} on loopback port 0 over a
 * {@link FakeDevicePageModel} (the real call state machine on a fake room connection, a fake
 * clock), and a {@link PageClient}. Subclasses adjust the model in {@link #configure} before the
 * server starts.
 */
abstract class LivePageTest {

    protected final FakeDevicePageModel model = new FakeDevicePageModel();
    protected DevicePageServer server;
    protected PageClient client;

    /** Called before the server starts; the default changes nothing. */
    protected void configure(FakeDevicePageModel pageModel) {}

    @BeforeEach
    void startPage() {
        configure(model);
        server = new DevicePageServer("127.0.0.1", 0, model, model.clock);
        server.start();
        client = new PageClient(server);
    }

    @AfterEach
    void stopPage() {
        client.close();
        server.close();
    }
}
