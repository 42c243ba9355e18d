// One set of GIF settings for every GIF the Explore tab exports (interpolation and walk rows): the
// Frames/fps/Size fields a person sets apply to whichever GIF they export next.
import { DEFAULT_GIF_FORM, validateGifForm, type GifForm } from './gif-form';

class GifSettings {
  form = $state<GifForm>({ ...DEFAULT_GIF_FORM });
  readonly validation = $derived(validateGifForm(this.form));
}

export const gifSettings = new GifSettings();
