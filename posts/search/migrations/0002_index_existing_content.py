from django.db import migrations


def index_existing_content(apps, schema_editor):
    """Write a search entry for every published post and every library entry that already exists."""
    from posts.search import documents

    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchTerm = apps.get_model("search", "SearchTerm")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    Post = apps.get_model("posts", "Post")

    post_type = ContentType.objects.filter(app_label="posts", model="post").first()
    tags = {}
    if post_type is not None:
        for object_id, name in TaggedItem.objects.filter(content_type=post_type).values_list("object_id", "tag__name"):
            tags.setdefault(object_id, []).append(name)
    found = []
    for post in Post.objects.filter(status="published").prefetch_related("categories"):
        categories = [category.name for category in post.categories.all()]
        found.append(documents.post_document(post, tags=tags.get(post.pk, []), categories=categories))
    found += [documents.topic_document(topic) for topic in apps.get_model("posts", "AnatomyTopic").objects.all()]
    found += [documents.condition_document(c) for c in apps.get_model("posts", "Condition").objects.all()]
    for exercise in apps.get_model("posts", "Exercise").objects.prefetch_related("goals"):
        found.append(documents.exercise_document(exercise, goals=[goal.name for goal in exercise.goals.all()]))
    for document in found:
        entry = SearchEntry.objects.create(kind=document.kind, object_id=document.object_id, **document.entry_fields())
        SearchTerm.objects.bulk_create([SearchTerm(entry=entry, term=term) for term in document.terms()])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_add_search_index_and_counts"),
        ("posts", "0003_seed_exercise_goals"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(index_existing_content, reverse_code=migrations.RunPython.noop)]
