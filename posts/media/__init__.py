"""The media library: uploaded images (and videos) shared by posts, pages, the clinic library and authors.

``services.image_create`` is the one way in for an image (the admin, the editor's picker and
the WordPress importer all use it): it decodes the file to verify it, refuses anything but
JPEG, PNG, WebP and GIF, oversized files and decompression bombs, drops EXIF and other
metadata, applies the camera's orientation and writes the responsive renditions once.
"""
