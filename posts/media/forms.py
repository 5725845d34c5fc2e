from django import forms

from .models import Image, Video
from .services import image_create, image_decode, video_check, video_create


class ImageUploadForm(forms.ModelForm):
    """Upload into the library: the file is decoded and checked in ``clean`` (a form error for
    anything wrong with it), and ``save`` goes through ``image_create``."""

    upload = forms.FileField(
        label="Image file",
        help_text="JPEG, PNG, WebP or GIF. Location and camera details are removed; the size the camera "
        "recorded is kept and smaller copies are made for phones.",
    )

    class Meta:
        model = Image
        fields = ["upload", "alt", "caption", "title", "credit"]

    def __init__(self, *args, uploaded_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploaded_by = uploaded_by
        self.decoded = None

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.decoded = image_decode(file=upload)
        return upload

    def save(self, commit=True):
        """The library entry, already stored (the admin's later ``save()`` only writes it again)."""
        if self.instance.pk is None:
            data = self.cleaned_data
            self.instance = image_create(
                file=data["upload"],
                decoded=self.decoded,
                alt=data["alt"],
                caption=data.get("caption", ""),
                title=data.get("title", ""),
                credit=data.get("credit", ""),
                uploaded_by=self.uploaded_by,
            )
        self.save_m2m = lambda: None  # nothing many-to-many; the admin calls it after save()
        return self.instance


class PickerUploadForm(ImageUploadForm):
    """The editor's quick upload: the file, its alt text and a caption (the title comes from the file name)."""

    class Meta(ImageUploadForm.Meta):
        fields = ["upload", "alt", "caption"]


class VideoUploadForm(forms.ModelForm):
    upload = forms.FileField(
        label="Video file",
        help_text="MP4 or WebM. For long films, YouTube or Vimeo (a link in the editor) serve readers better.",
    )

    class Meta:
        model = Video
        fields = ["upload", "title"]

    def __init__(self, *args, uploaded_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploaded_by = uploaded_by

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        video_check(file=upload)
        return upload

    def save(self, commit=True):
        if self.instance.pk is None:
            self.instance = video_create(
                file=self.cleaned_data["upload"], title=self.cleaned_data["title"], uploaded_by=self.uploaded_by
            )
        self.save_m2m = lambda: None
        return self.instance
