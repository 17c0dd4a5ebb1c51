package nlvideo.pipeline.synthetic;

import java.util.List;

/** The objects a {@link Motion} moves, as they stand at time {@code u} in [0, 1] of the clip. */
@FunctionalInterface
public interface Actors {
    List<Sprite> at(double u);
}
