db = db.getSiblingDB("recipes");
db.createCollection("recipes");
db.recipes.createIndex({ slug: 1 }, { unique: true });
