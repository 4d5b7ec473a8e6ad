package dev.salle.media.pipeline;

import dev.salle.media.elements.ElementChoice;

/** The display pipeline's description: geometry of the self-view corner, fonts, branches. */
final class DisplayLayout {

    private static final int FRAMES_PER_SECOND = 30;

    private DisplayLayout() {}

    static String describe(DisplayConfig c, ElementChoice videoSink) {
        int selfWidth = even(c.width() / 4);
        int selfHeight = even(c.height() / 4);
        int margin = even(Math.max(2, c.width() / 48));
        int selfX = c.width() - selfWidth - margin;
        int selfY = c.height() - selfHeight - margin;
        int statusFont = Math.max(8, c.height() / 18);
        int clockFont = Math.max(6, c.height() / 45);
        // I420 end to end: the compositor blends planar 4:2:0 about three times cheaper than its
        // default AYUV, and textoverlay, clockoverlay and jpegenc all take it as it is.
        String size = "format=I420,width=" + c.width() + ",height=" + c.height() + ",framerate=" + FRAMES_PER_SECOND + "/1";
        String selfViewSource = c.selfViewChannel()
                .map(channel -> "intervideosrc name=selfview channel=" + channel)
                .orElse("videotestsrc name=selfview is-live=true pattern=ball");
        return "compositor name=mix background=black"
                + " sink_0::zorder=0 sink_1::zorder=1"
                + " sink_1::xpos=" + selfX + " sink_1::ypos=" + selfY
                + " sink_1::width=" + selfWidth + " sink_1::height=" + selfHeight
                + " ! capsfilter caps=\"video/x-raw," + size + "\""
                + " ! textoverlay name=status valignment=center halignment=center line-alignment=center"
                + " font-desc=\"Sans Bold " + statusFont + "px\""
                + " ! clockoverlay name=clock halignment=right valignment=top time-format=\"%H:%M\""
                + " font-desc=\"Sans " + clockFont + "px\""
                + " ! tee name=screentee"
                + " screentee. ! queue leaky=downstream max-size-buffers=2 ! videoconvert ! "
                + videoSink.launchFragment("screen")
                + " screentee. ! queue leaky=downstream max-size-buffers=2 ! videorate drop-only=true"
                + " ! capsfilter caps=\"video/x-raw,framerate=" + c.snapshotFramesPerSecond() + "/1\""
                + " ! videoconvert ! jpegenc quality=80"
                + " ! appsink name=snapshot emit-signals=true max-buffers=1 drop=true sync=false"
                + " videotestsrc name=background is-live=true pattern=solid-color foreground-color="
                + Integer.toUnsignedString(c.backgroundArgb())
                + " ! capsfilter caps=\"video/x-raw," + size + "\" ! queue max-size-buffers=3 leaky=downstream ! mix.sink_0 "
                + selfViewSource + " ! videoconvert ! videoscale"
                + " ! capsfilter caps=\"video/x-raw,format=I420,width=" + selfWidth + ",height=" + selfHeight
                + ",pixel-aspect-ratio=1/1\" ! queue max-size-buffers=3 leaky=downstream ! mix.sink_1";
    }

    private static int even(int value) {
        return value & ~1;
    }
}
